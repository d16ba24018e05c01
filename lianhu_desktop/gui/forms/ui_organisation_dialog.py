# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'organisation_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog,
    QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QTabWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_OrganisationDialog(object):
    def setupUi(self, OrganisationDialog):
        if not OrganisationDialog.objectName():
            OrganisationDialog.setObjectName(u"OrganisationDialog")
        OrganisationDialog.resize(720, 460)
        self.mainLayout = QVBoxLayout(OrganisationDialog)
        self.mainLayout.setSpacing(8)
        self.mainLayout.setObjectName(u"mainLayout")
        self.intro = QLabel(OrganisationDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.pages = QTabWidget(OrganisationDialog)
        self.pages.setObjectName(u"pages")
        self.gridPage = QWidget()
        self.gridPage.setObjectName(u"gridPage")
        self.gridLayout = QHBoxLayout(self.gridPage)
        self.gridLayout.setSpacing(8)
        self.gridLayout.setObjectName(u"gridLayout")
        self.gridTable = QTableWidget(self.gridPage)
        self.gridTable.setObjectName(u"gridTable")
        self.gridTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gridTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.gridTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gridTable.setAlternatingRowColors(True)
        self.gridTable.setWordWrap(False)
        self.gridTable.horizontalHeader().setStretchLastSection(True)
        self.gridTable.verticalHeader().setVisible(False)

        self.gridLayout.addWidget(self.gridTable)

        self.gridButtons = QVBoxLayout()
        self.gridButtons.setSpacing(6)
        self.gridButtons.setObjectName(u"gridButtons")
        self.gridAdd = QPushButton(self.gridPage)
        self.gridAdd.setObjectName(u"gridAdd")

        self.gridButtons.addWidget(self.gridAdd)

        self.gridEdit = QPushButton(self.gridPage)
        self.gridEdit.setObjectName(u"gridEdit")

        self.gridButtons.addWidget(self.gridEdit)

        self.gridDelete = QPushButton(self.gridPage)
        self.gridDelete.setObjectName(u"gridDelete")

        self.gridButtons.addWidget(self.gridDelete)

        self.gridSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.gridButtons.addItem(self.gridSpacer)


        self.gridLayout.addLayout(self.gridButtons)

        self.pages.addTab(self.gridPage, "")
        self.groupPage = QWidget()
        self.groupPage.setObjectName(u"groupPage")
        self.groupLayout = QHBoxLayout(self.groupPage)
        self.groupLayout.setSpacing(8)
        self.groupLayout.setObjectName(u"groupLayout")
        self.groupTable = QTableWidget(self.groupPage)
        self.groupTable.setObjectName(u"groupTable")
        self.groupTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.groupTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.groupTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.groupTable.setAlternatingRowColors(True)
        self.groupTable.setWordWrap(False)
        self.groupTable.horizontalHeader().setStretchLastSection(True)
        self.groupTable.verticalHeader().setVisible(False)

        self.groupLayout.addWidget(self.groupTable)

        self.groupButtons = QVBoxLayout()
        self.groupButtons.setSpacing(6)
        self.groupButtons.setObjectName(u"groupButtons")
        self.groupAdd = QPushButton(self.groupPage)
        self.groupAdd.setObjectName(u"groupAdd")

        self.groupButtons.addWidget(self.groupAdd)

        self.groupEdit = QPushButton(self.groupPage)
        self.groupEdit.setObjectName(u"groupEdit")

        self.groupButtons.addWidget(self.groupEdit)

        self.groupDelete = QPushButton(self.groupPage)
        self.groupDelete.setObjectName(u"groupDelete")

        self.groupButtons.addWidget(self.groupDelete)

        self.groupSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.groupButtons.addItem(self.groupSpacer)


        self.groupLayout.addLayout(self.groupButtons)

        self.pages.addTab(self.groupPage, "")
        self.postPage = QWidget()
        self.postPage.setObjectName(u"postPage")
        self.postLayout = QHBoxLayout(self.postPage)
        self.postLayout.setSpacing(8)
        self.postLayout.setObjectName(u"postLayout")
        self.postTable = QTableWidget(self.postPage)
        self.postTable.setObjectName(u"postTable")
        self.postTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.postTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.postTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.postTable.setAlternatingRowColors(True)
        self.postTable.setWordWrap(False)
        self.postTable.horizontalHeader().setStretchLastSection(True)
        self.postTable.verticalHeader().setVisible(False)

        self.postLayout.addWidget(self.postTable)

        self.postButtons = QVBoxLayout()
        self.postButtons.setSpacing(6)
        self.postButtons.setObjectName(u"postButtons")
        self.postAdd = QPushButton(self.postPage)
        self.postAdd.setObjectName(u"postAdd")

        self.postButtons.addWidget(self.postAdd)

        self.postEdit = QPushButton(self.postPage)
        self.postEdit.setObjectName(u"postEdit")

        self.postButtons.addWidget(self.postEdit)

        self.postDelete = QPushButton(self.postPage)
        self.postDelete.setObjectName(u"postDelete")

        self.postButtons.addWidget(self.postDelete)

        self.postSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.postButtons.addItem(self.postSpacer)


        self.postLayout.addLayout(self.postButtons)

        self.pages.addTab(self.postPage, "")

        self.mainLayout.addWidget(self.pages)

        self.buttonBox = QDialogButtonBox(OrganisationDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.mainLayout.addWidget(self.buttonBox)

        QWidget.setTabOrder(self.pages, self.gridTable)
        QWidget.setTabOrder(self.gridTable, self.gridAdd)
        QWidget.setTabOrder(self.gridAdd, self.gridEdit)
        QWidget.setTabOrder(self.gridEdit, self.gridDelete)
        QWidget.setTabOrder(self.gridDelete, self.groupTable)
        QWidget.setTabOrder(self.groupTable, self.groupAdd)
        QWidget.setTabOrder(self.groupAdd, self.groupEdit)
        QWidget.setTabOrder(self.groupEdit, self.groupDelete)
        QWidget.setTabOrder(self.groupDelete, self.postTable)
        QWidget.setTabOrder(self.postTable, self.postAdd)
        QWidget.setTabOrder(self.postAdd, self.postEdit)
        QWidget.setTabOrder(self.postEdit, self.postDelete)

        self.retranslateUi(OrganisationDialog)
        self.buttonBox.rejected.connect(OrganisationDialog.reject)

        QMetaObject.connectSlotsByName(OrganisationDialog)
    # setupUi

    def retranslateUi(self, OrganisationDialog):
        OrganisationDialog.setWindowTitle(QCoreApplication.translate("OrganisationDialog", u"\u7f51\u683c\u3001\u515a\u5c0f\u7ec4\u4e0e\u5c97\u4f4d", None))
        self.gridAdd.setText(QCoreApplication.translate("OrganisationDialog", u"\u65b0\u589e\u7f51\u683c\u2026", None))
        self.gridEdit.setText(QCoreApplication.translate("OrganisationDialog", u"\u4fee\u6539\u2026", None))
        self.gridDelete.setText(QCoreApplication.translate("OrganisationDialog", u"\u5220\u9664", None))
        self.pages.setTabText(self.pages.indexOf(self.gridPage), QCoreApplication.translate("OrganisationDialog", u"\u7f51\u683c(&G)", None))
        self.groupAdd.setText(QCoreApplication.translate("OrganisationDialog", u"\u65b0\u589e\u515a\u5c0f\u7ec4\u2026", None))
        self.groupEdit.setText(QCoreApplication.translate("OrganisationDialog", u"\u4fee\u6539\u2026", None))
        self.groupDelete.setText(QCoreApplication.translate("OrganisationDialog", u"\u5220\u9664", None))
        self.pages.setTabText(self.pages.indexOf(self.groupPage), QCoreApplication.translate("OrganisationDialog", u"\u515a\u5c0f\u7ec4(&Z)", None))
        self.postAdd.setText(QCoreApplication.translate("OrganisationDialog", u"\u65b0\u589e\u5c97\u4f4d\u2026", None))
        self.postEdit.setText(QCoreApplication.translate("OrganisationDialog", u"\u4fee\u6539\u2026", None))
        self.postDelete.setText(QCoreApplication.translate("OrganisationDialog", u"\u5220\u9664", None))
        self.pages.setTabText(self.pages.indexOf(self.postPage), QCoreApplication.translate("OrganisationDialog", u"\u5c97\u4f4d(&P)", None))
    # retranslateUi

